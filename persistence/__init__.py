"""Adapters for the domain's ports: SQLAlchemy 2 async tables, repositories, unit of work,
read-model queries and the one scoping function every read goes through."""
