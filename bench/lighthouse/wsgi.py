"""The portal's WSGI application plus the uploaded media, for bench/lighthouse/run only: in production
the web server (or object storage) serves /media/; here WhiteNoise serves the demo's pictures."""

from django.conf import settings
from whitenoise import WhiteNoise

from kpportal.wsgi import application as portal

application = WhiteNoise(portal)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
