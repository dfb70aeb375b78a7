from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from bostotte.core import views as core_views

# Administrators must pass TOTP to reach the admin (django-otp).
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/baggrund", core_views.healthz_background, name="healthz-background"),
    path("admin/", admin.site.urls),
    path("", include("bostotte.core.urls")),
    path("visitation/", include("visitation.urls")),
    path("kvalitetsstandard/", include("visitation.urls_public")),
    path("planer/", include("handleplaner.urls")),
    path("levering/", include("levering.urls")),
    path("tilsyn/", include("tilsyn.urls")),
    path("maaling/", include("tilsyn.maaling.urls")),
    path("borger/", include("portal.urls")),
    path("api/", include("bostotte.api.urls")),
]

if getattr(settings, "USE_OIDC", False):
    from mozilla_django_oidc import views as oidc_views

    # The OIDC views are not marked login-exempt upstream (login loop under LoginRequiredMiddleware).
    urlpatterns += [
        path("oidc/authenticate/", login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()), name="oidc_authentication_init"),
        path("oidc/callback/", login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()), name="oidc_authentication_callback"),
    ]
