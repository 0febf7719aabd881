from django.conf import settings


def introsak(request):
    user = getattr(request, "user", None)
    return {
        "designsystem": settings.DESIGNSYSTEM,
        "municipality": getattr(user, "municipality", None)
        if user and user.is_authenticated
        else None,
    }
