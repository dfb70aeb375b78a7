from django.db import migrations

ROLLER = [
    "sagsbehandler",
    "myndighedsleder",
    "leverandoerleder",
    "bostoette",
    "analytiker",
    "borger",
    "administrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLLER:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS core_sagsnummer_seq START 1",
            "DROP SEQUENCE IF EXISTS core_sagsnummer_seq",
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
