import { initAll } from "./govuk-frontend.min.js";

// GOV.UK Frontend's page template sets these classes with an inline script,
// which our Content-Security-Policy (script-src 'self') forbids. A module
// script only runs in browsers that support modules, which is what
// "govuk-frontend-supported" means, so it is safe to set both here.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
