from django.db import DatabaseError, connection
from django.http import JsonResponse


def healthz(request):
    """For a load balancer: 200 when the application and its database answer, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"application": "up", "database": "down"}, status=503)
    return JsonResponse({"application": "up", "database": "up"})
