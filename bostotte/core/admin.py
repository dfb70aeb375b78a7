"""Django admin for administrators only (TOTP required): organisation and users.

Case data is not edited here; it goes through the services and the case screens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    Kommune,
    Leverandoer,
    LeverandoerTeam,
    Medarbejder,
    MyndighedTeam,
    Sletningskoersel,
    User,
)


class MedarbejderInline(admin.StackedInline):
    model = Medarbejder
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "rolle", "is_active")
    list_filter = ("rolle", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Rolle og login"), {"fields": ("rolle", "oidc_issuer", "oidc_subject")}),
    )
    inlines = [MedarbejderInline]


admin.site.register(Kommune)
admin.site.register(MyndighedTeam)
admin.site.register(Leverandoer)
admin.site.register(LeverandoerTeam)


def _save_model_with_role(self: UserAdmin, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
    """Keep the role's auth Group in step when an administrator changes a role here."""
    from .services.users import user_set_rolle

    super(UserAdmin, self).save_model(request, obj, form, change)
    if obj.rolle:
        user_set_rolle(user=obj, rolle=obj.rolle, actor=request.user)


UserAdmin.save_model = _save_model_with_role  # type: ignore[method-assign]


@admin.register(Sletningskoersel)
class SletningskoerselAdmin(admin.ModelAdmin):
    """Reports of the retention runs (manage.py slet_udloebne_sager): read only."""

    list_display = ("started_at", "actor", "cutoff", "opbevaring_aar", "sager_slettet", "sager_fejlet", "arkiveret")
    readonly_fields = [f.name for f in Sletningskoersel._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
