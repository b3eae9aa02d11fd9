from django.urls import URLPattern, URLResolver

app_name = "clinic"

urlpatterns: list[URLPattern | URLResolver] = []
