"""The Qt client. Nothing here is imported below app/ui; launch.py says in one line when there is
no display, without importing Qt."""
