"""dtkg.server: the Flask SPARQL endpoint, linked-data pages and the `dtkg` command line."""
