from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("levering", "0003_uden_btree_gist"),
    ]

    operations = [
        # The citizen portal's next and past visits (portal.integration.besoeg_kommende /
        # besoeg_tidligere): a top-N index scan per case instead of sorting its whole history.
        migrations.AddIndex(
            model_name="besoeg",
            index=models.Index(fields=["sag", "starts_at"], name="levering_besoeg_sag_tid"),
        ),
    ]
