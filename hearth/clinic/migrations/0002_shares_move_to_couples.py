# Sharing now lives in couples.Share; 0003_carry_over_shares there moved every choice.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('couples', '0003_carry_over_shares'),
        ('clinic', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='carelink',
            name='reflections',
        ),
        migrations.RemoveField(
            model_name='carelink',
            name='results',
        ),
        migrations.RemoveField(
            model_name='carelink',
            name='risk_alerts',
        ),
        migrations.RemoveField(
            model_name='carelink',
            name='sessions',
        ),
    ]
