"""Sales context: project types with stage templates, sales projects and their stages."""
