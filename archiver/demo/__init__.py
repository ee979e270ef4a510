"""The bundled demo news site and the HTTP server that serves it (``archiver.demo.server``)."""
