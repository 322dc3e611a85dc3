"""Admin building blocks shared by the apps: read-only views of records that change only
through the services (where the rules are checked and every change is audited)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The admin is named after the system in the reader's language ("Django administration" is
# not a name HR staff know).
admin.site.site_header = _("ATS administration")
admin.site.site_title = _("ATS administration")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
