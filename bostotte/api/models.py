"""API clients: other systems (a kommune's case system, a leverandør's planning tool) that call
the integration API with a bearer token.

A client acts as its *service user*: the user's role and team decide what it may see, through
the same access functions as the web pages (`Sag.objects.visible_to(user)` …). The client's
scopes only narrow that further, operation by operation. The raw token is shown once and never
stored: we keep its SHA-256 hash (unique, used for lookup) and a short prefix to recognise it.
"""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import Kommune, Leverandoer, User


class Scope(models.TextChoices):
    """Operations a client may be allowed. Stored values are stable API contract."""

    BORGERE_READ = "borgere:read", _("Læse borgere (uden CPR-nummer)")
    CPR_READ = "cpr:read", _("Se CPR-nummer (kun myndighed)")
    SAGER_READ = "sager:read", _("Læse sager")
    AFGOERELSER_READ = "afgoerelser:read", _("Læse afgørelser og bevillinger")
    BESTILLINGER_READ = "bestillinger:read", _("Læse bestillinger")
    BESTILLINGER_WRITE = "bestillinger:write", _("Acceptere og afvise bestillinger")
    PLANER_READ = "planer:read", _("Læse handleplaner og pædagogiske planer")
    PLANER_WRITE = "planer:write", _("Oprette delmål")
    BESOEG_READ = "besoeg:read", _("Læse besøg")
    BESOEG_WRITE = "besoeg:write", _("Registrere besøg")
    FRISTER_READ = "frister:read", _("Læse frister og opgaver")
    MAALINGER_READ = "maalinger:read", _("Læse proces- og effektmål (aggregater)")


class ApiKlientQuerySet(models.QuerySet["ApiKlient"]):
    def active(self, now: object) -> ApiKlientQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


# The service user belongs to the client's organisation, with a role of that side.
apiklient_service_user_in_organisation = pgtrigger.Trigger(
    name="api_apiklient_service_user_org",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NEW.leverandoer_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM core_medarbejder m
        JOIN core_leverandoerteam t ON t.id = m.leverandoer_team_id
        JOIN core_user u ON u.id = m.user_id
        WHERE m.user_id = NEW.service_user_id AND t.leverandoer_id = NEW.leverandoer_id
          AND u.rolle IN ('leverandoerleder', 'bostoette')
    ) THEN
        RAISE EXCEPTION 'api_apiklient_service_user_org: servicebrugeren skal høre til leverandøren'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.kommune_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM core_medarbejder m
        JOIN core_myndighedteam t ON t.id = m.myndighed_team_id
        JOIN core_user u ON u.id = m.user_id
        WHERE m.user_id = NEW.service_user_id AND t.kommune_id = NEW.kommune_id
          AND u.rolle IN ('sagsbehandler', 'myndighedsleder')
    ) THEN
        RAISE EXCEPTION 'api_apiklient_service_user_org: servicebrugeren skal høre til kommunens myndighed'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)


@pghistory.track(exclude=["token_hash", "last_used_at", "updated_at"])
class ApiKlient(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    navn = models.CharField(_("navn"), max_length=150)
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    leverandoer = models.ForeignKey(
        Leverandoer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leverandør"),
    )
    service_user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="api_klienter", verbose_name=_("servicebruger")
    )
    scopes = ArrayField(
        models.CharField(max_length=30, choices=Scope.choices),
        verbose_name=_("tilladte operationer"),
        default=list,
        blank=True,
    )
    token_hash = models.CharField(_("nøglens SHA-256"), max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("nøglens begyndelse"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("oprettet"))
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    expires_at = models.DateTimeField(_("udløber"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)
    oprettet_af = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    tilbagekaldt_af = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbagekaldt af"),
    )

    objects = ApiKlientQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-klient")
        verbose_name_plural = _("API-klienter")
        ordering = ["navn", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kommune__isnull=False) & Q(leverandoer__isnull=True))
                | (Q(kommune__isnull=True) & Q(leverandoer__isnull=False)),
                name="api_apiklient_one_organisation",
            ),
            models.CheckConstraint(
                condition=Q(scopes__contained_by=Scope.values), name="api_apiklient_scopes_valid"
            ),
            models.CheckConstraint(
                condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106 (a format, not a secret)
                name="api_apiklient_token_hash_format",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("created_at")),
                name="api_apiklient_expires_after_created",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="api_apiklient_revoked_after_created",
            ),
            # CPR only to the myndighed's systems.
            models.CheckConstraint(
                condition=Q(kommune__isnull=False) | ~Q(scopes__contains=["cpr:read"]),
                name="api_apiklient_cpr_only_kommune",
            ),
        ]
        triggers = [apiklient_service_user_in_organisation]

    def __str__(self) -> str:
        return f"{self.navn} ({self.token_prefix}…)"

    @property
    def organisation(self) -> Kommune | Leverandoer:
        org = self.kommune or self.leverandoer
        assert org is not None
        return org

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
