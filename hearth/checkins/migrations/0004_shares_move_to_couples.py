# Sharing now lives in couples.Share; 0003_carry_over_shares there moved every choice.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('couples', '0003_carry_over_shares'),
        ('checkins', '0003_calendar_language'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CheckinShare',
        ),
    ]
