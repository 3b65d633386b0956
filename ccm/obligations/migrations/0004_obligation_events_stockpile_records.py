"""Extension events become obligation events (an obligation has a life too: recorded,
completed, completion declared), and Article 3 quantities get their own dated records."""

import django.db.models.deletion
from django.db import migrations, models


def fill_obligation(apps, schema_editor):
    Event = apps.get_model("obligations", "ObligationEvent")
    for event in Event.objects.select_related("request"):
        event.obligation_id = event.request.obligation_id
        event.save(update_fields=["obligation"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("obligations", "0003_published_figures"),
    ]

    operations = [
        migrations.RenameModel("ExtensionEvent", "ObligationEvent"),
        migrations.AlterModelOptions(
            name="obligationevent",
            options={"ordering": ["recorded_at", "pk"], "verbose_name": "obligation event"},
        ),
        migrations.AlterField(
            model_name="obligationevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("recorded", "obligation recorded"),
                    ("changed", "facts changed"),
                    ("completed", "completion recorded"),
                    ("completion_declared", "completion declared"),
                    ("stockpile_recorded", "quantity recorded"),
                    ("submitted", "extension requested"),
                    ("analysed", "request analysed"),
                    ("decided", "request decided"),
                    ("request_changed", "request corrected"),
                ],
                max_length=20,
                verbose_name="event",
            ),
        ),
        migrations.AddField(
            model_name="obligationevent",
            name="obligation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="obligations.obligation",
            ),
        ),
        migrations.RunPython(fill_obligation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="obligationevent",
            name="obligation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="obligations.obligation",
            ),
        ),
        migrations.AlterField(
            model_name="obligationevent",
            name="request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="obligations.extensionrequest",
            ),
        ),
        migrations.AddField(
            model_name="obligationevent",
            name="via",
            field=models.CharField(
                choices=[
                    ("form", "editing page"),
                    ("admin", "administration"),
                    ("api", "API"),
                    ("import", "reference data import"),
                    ("revert", "revert"),
                    ("command", "command"),
                ],
                default="command",
                max_length=10,
                verbose_name="through",
            ),
        ),
        migrations.CreateModel(
            name="StockpileRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("source_url", models.TextField(blank=True, help_text="URL(s) of the document(s) the fact was read from; ' | ' separates several.", verbose_name="source")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("kind", models.CharField(choices=[("declared", "stockpile declared"), ("destroyed", "destroyed"), ("discovered", "discovered after the stockpile was declared"), ("retained", "retained for training and development (Art. 3(6))")], max_length=20, verbose_name="kind")),
                ("on", models.DateField(blank=True, null=True, verbose_name="date")),
                ("on_precision", models.CharField(choices=[("day", "day"), ("month", "month"), ("year", "year")], default="day", max_length=5)),
                ("cluster_munitions", models.PositiveIntegerField(blank=True, null=True, verbose_name="cluster munitions")),
                ("submunitions", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="explosive submunitions")),
                ("qualifier", models.CharField(choices=[("exact", "exactly"), ("approx", "about"), ("at_least", "at least"), ("more_than", "more than")], default="exact", max_length=12, verbose_name="qualifier")),
                ("destroyed_on", models.DateField(blank=True, help_text="For discovered stocks: when they were destroyed.", null=True, verbose_name="destroyed on")),
                ("destroyed_precision", models.CharField(choices=[("day", "day"), ("month", "month"), ("year", "year")], default="day", max_length=5)),
                ("verified", models.BooleanField(default=True, verbose_name="verified")),
                ("obligation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="stockpile_records", to="obligations.obligation")),
            ],
            options={"verbose_name": "stockpile record", "ordering": ["obligation", "on", "kind", "pk"]},
        ),
    ]
