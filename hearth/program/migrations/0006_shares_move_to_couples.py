# Sharing now lives in couples.Share; 0003_carry_over_shares there moved every choice.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('couples', '0003_carry_over_shares'),
        ('program', '0005_consent_in_the_room'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='reflection',
            name='share_distractions',
        ),
        migrations.RemoveField(
            model_name='reflection',
            name='share_numbers',
        ),
        migrations.RemoveField(
            model_name='reflection',
            name='share_text',
        ),
    ]
