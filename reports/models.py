from reports.indicator_models import Indicator, IndicatorTarget, IndicatorValue  # noqa: F401
