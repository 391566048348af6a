"""Project wiring: settings, URLs, WSGI/ASGI, the ``gealc`` command line and site-wide pages."""
