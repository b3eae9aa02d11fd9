from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from hearth.core import (
            checks,  # noqa: F401  (registers the system checks)
            converters,
            readcache,
        )

        converters.register()  # before any urls.py is read: <id:...> in web addresses
        # Every connection's statements pass readcache.watch, which gives new stamps.
        connection_created.connect(readcache.install, dispatch_uid="hearth-readcache")
        pre_migrate.connect(readcache.migrating, dispatch_uid="hearth-readcache")
        post_migrate.connect(readcache.migrated, dispatch_uid="hearth-readcache")
