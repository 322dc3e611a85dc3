"""The project's URLs without the adverse-impact report (another app's), as before it existed."""

from ats.urls import urlpatterns as project_urls

urlpatterns = [
    pattern
    for pattern in project_urls
    if getattr(getattr(pattern, "urlconf_name", None), "__name__", "") != "diversity.urls"
]
