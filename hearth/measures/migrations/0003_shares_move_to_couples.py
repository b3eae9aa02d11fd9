# Sharing now lives in couples.Share; 0003_carry_over_shares there moved every choice.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('couples', '0003_carry_over_shares'),
        ('measures', '0002_administration_language_source'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ShareSetting',
        ),
    ]
