"""/api/: the schema, the docs page and the versioned API (/api/v1/). See docs/api.md."""

from django.urls import include, path, re_path

from .views import (
    afgoerelser,
    besoeg,
    bestillinger,
    borgere,
    docs,
    ffb,
    frister,
    maalinger,
    mig,
    planer,
    sager,
)

app_name = "api"

v1 = [
    path("mig/", mig.MigApi.as_view(), name="mig"),
    path("borgere/", borgere.BorgerListApi.as_view(), name="borger-list"),
    path("borgere/<str:uuid>/", borgere.BorgerDetailApi.as_view(), name="borger-detail"),
    path("sager/", sager.SagListApi.as_view(), name="sag-list"),
    path("sager/<str:uuid>/", sager.SagDetailApi.as_view(), name="sag-detail"),
    path("afgoerelser/", afgoerelser.AfgoerelseListApi.as_view(), name="afgoerelse-list"),
    path(
        "afgoerelser/<str:uuid>/",
        afgoerelser.AfgoerelseDetailApi.as_view(),
        name="afgoerelse-detail",
    ),
    path("bevillinger/", afgoerelser.BevillingListApi.as_view(), name="bevilling-list"),
    path("bestillinger/", bestillinger.BestillingListApi.as_view(), name="bestilling-list"),
    path(
        "bestillinger/<str:uuid>/",
        bestillinger.BestillingDetailApi.as_view(),
        name="bestilling-detail",
    ),
    path(
        "bestillinger/<str:uuid>/accepter/",
        bestillinger.BestillingAcceptApi.as_view(),
        name="bestilling-accept",
    ),
    path(
        "bestillinger/<str:uuid>/afvis/",
        bestillinger.BestillingDeclineApi.as_view(),
        name="bestilling-decline",
    ),
    path("handleplaner/", planer.HandleplanListApi.as_view(), name="handleplan-list"),
    path(
        "handleplaner/<str:uuid>/", planer.HandleplanDetailApi.as_view(), name="handleplan-detail"
    ),
    path(
        "paedagogiske-planer/",
        planer.PaedagogiskPlanListApi.as_view(),
        name="paedagogisk-plan-list",
    ),
    path(
        "paedagogiske-planer/<str:uuid>/",
        planer.PaedagogiskPlanDetailApi.as_view(),
        name="paedagogisk-plan-detail",
    ),
    path(
        "paedagogiske-planer/<str:uuid>/delmaal/opret/",
        planer.DelmaalCreateApi.as_view(),
        name="delmaal-create",
    ),
    path("besoeg/", besoeg.BesoegListApi.as_view(), name="besoeg-list"),
    path("besoeg/opret/", besoeg.BesoegCreateApi.as_view(), name="besoeg-create"),
    path("besoeg/<str:uuid>/", besoeg.BesoegUpdateApi.as_view(), name="besoeg-update"),
    path("frister/", frister.OpgaveListApi.as_view(), name="opgave-list"),
    path("maalinger/", maalinger.MaalingListApi.as_view(), name="maaling-list"),
    path("ffb/kodesystemer/", ffb.KodesystemListApi.as_view(), name="ffb-kodesystem-list"),
    path("ffb/koder/", ffb.KodeListApi.as_view(), name="ffb-kode-list"),
]

urlpatterns = [
    path("schema/", docs.SchemaApi.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("v1/", include((v1, "v1"))),
    # Anything else under /api/ answers with the JSON 404, not Django's HTML page.
    re_path(r"^v1/.*$", docs.NotFoundApi.as_view()),
]
