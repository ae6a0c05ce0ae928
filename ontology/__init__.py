"""dtkg ontology files (Turtle): the OWL ontology, SKOS vocabularies and SHACL shapes."""
