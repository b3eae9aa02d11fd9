from django.urls import URLPattern, URLResolver

app_name = "safety"

urlpatterns: list[URLPattern | URLResolver] = []
