"""Django's admin app with our site (admin_site.py); a module of its own because an AppConfig module is
imported before models can be."""

from django.contrib.admin.apps import AdminConfig


class SotayAdminConfig(AdminConfig):
    default_site = "sotay.accounts.admin_site.SotayAdminSite"
