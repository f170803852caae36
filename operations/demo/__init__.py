"""Demo content for trying the portal: `python manage.py load_demo`.

data.py holds the records, pictures.py and documents.py draw the pictures and the signed PDF, and
loader.py writes them into the database."""

from operations.demo.loader import ensure_demo_users, load_demo_content, refuse_production_settings

__all__ = ["ensure_demo_users", "load_demo_content", "refuse_production_settings"]
