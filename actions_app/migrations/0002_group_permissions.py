"""The staff groups publish Actions, news and resources (DESIGN.md: staff publish them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "MIEUX+ staff"
MANAGERS = "MIEUX+ managers"
MODELS = ("action", "activity", "newsitem", "resource")
VIEW = [f"view_{model}" for model in MODELS]
EDIT = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change")]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    config = apps.get_app_config("actions_app")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        return Permission.objects.filter(
            content_type__app_label="actions_app", codename__in=codenames
        )

    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(*perms(VIEW + EDIT))
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*perms(VIEW + EDIT))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    actions_perms = Permission.objects.filter(content_type__app_label="actions_app")
    for group in Group.objects.filter(name__in=[STAFF, MANAGERS]):
        group.permissions.remove(*actions_perms)


class Migration(migrations.Migration):
    dependencies = [
        ("actions_app", "0001_initial"),
        ("requests_app", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
