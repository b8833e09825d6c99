"""The FastAPI service for text, PDF and DOCX (arrives with the serving issue)."""
