"""The PySide6 desktop application. The only package allowed to import Qt."""
