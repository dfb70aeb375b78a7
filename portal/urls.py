from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .auth import views as auth_views

app_name = "portal"

urlpatterns = [
    path("", views.forside, name="forside"),
    path("log-ind/", auth_views.login_page, name="login"),
    path("log-ind/udvikling/", auth_views.dev_login, name="dev-login"),
    path("log-ind/fejl/", auth_views.login_fejl, name="login-fejl"),
    path("plan/", views.plan, name="plan"),
    path("plan/<uuid:uuid>/kommentar/", views.plan_kommentar, name="plan-kommentar"),
    path("plan/<uuid:uuid>/accepter/", views.plan_accept, name="plan-accept"),
    path("plan/<uuid:uuid>/aendringer/", views.plan_aendringer, name="plan-aendringer"),
    path("plan/maal/<uuid:uuid>/vurder/", views.maal_vurder, name="maal-vurder"),
    path("besoeg/", views.besoeg_list, name="besoeg-list"),
    path("besoeg/<uuid:uuid>/aendr/", views.besoeg_aendr, name="besoeg-aendr"),
    path("afgoerelser/", views.afgoerelse_list, name="afgoerelse-list"),
    path("afgoerelser/<uuid:uuid>/", views.afgoerelse_detail, name="afgoerelse-detail"),
    path("afgoerelser/<uuid:uuid>/brev/", views.afgoerelse_brev, name="afgoerelse-brev"),
    path("trivsel/", views.trivsel, name="trivsel"),
    path("trivsel/udfyld/", views.trivsel_udfyld, name="trivsel-udfyld"),
    path("trivsel/tak/", views.trivsel_tak, name="trivsel-tak"),
    path("paaroerende/", views.paaroerende_list, name="paaroerende-list"),
    path("paaroerende/<uuid:uuid>/", views.paaroerende_detail, name="paaroerende-detail"),
    path("paaroerende/<uuid:uuid>/tilbagekald/", views.paaroerende_tilbagekald, name="paaroerende-tilbagekald"),
    path("adgangslog/", views.adgangslog, name="adgangslog"),
    path("adgangslog/hent/", views.adgangslog_csv, name="adgangslog-csv"),
    path("kontakt/", views.kontakt, name="kontakt"),
    path("tilgaengelighed/", views.tilgaengelighed, name="tilgaengelighed"),
    # Staff: the citizens' wishes to cancel or move visits.
    path("personale/oensker/", views.anmodning_list, name="anmodning-list"),
    path("personale/oensker/<uuid:uuid>/behandlet/", views.anmodning_handle, name="anmodning-handle"),
]

# The identity providers' endpoints exist only when the provider is switched on. None of them is
# marked login-exempt upstream (login loops under LoginRequiredMiddleware), so we wrap them.
if getattr(settings, "PORTAL_SAML_ENABLED", False):
    from djangosaml2 import views as saml_views

    from .auth.saml import _acs_view_class

    urlpatterns += [
        path("saml/login/", login_not_required(saml_views.LoginView.as_view()), name="saml-login"),
        path("saml/acs/", login_not_required(_acs_view_class().as_view()), name="saml-acs"),
        path("saml/metadata/", login_not_required(saml_views.MetadataView.as_view()), name="saml-metadata"),
        path("saml/ls/", login_not_required(saml_views.LogoutView.as_view()), name="saml-ls"),
    ]

if getattr(settings, "PORTAL_OIDC_ENABLED", False):
    from .auth.oidc import BorgerOIDCCallbackView, BorgerOIDCRequestView

    urlpatterns += [
        path("oidc/login/", login_not_required(BorgerOIDCRequestView.as_view()), name="oidc-login"),
        path("oidc/callback/", login_not_required(BorgerOIDCCallbackView.as_view()), name="oidc-callback"),
    ]
