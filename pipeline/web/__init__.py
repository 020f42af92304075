"""`dti serve`: the review queue and the read API over the warehouse (`app.create_app`)."""
