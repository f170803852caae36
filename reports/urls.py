from django.contrib import admin
from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", admin.site.admin_view(views.period_report), name="period"),
    path("chuong-trinh/<int:pk>/", admin.site.admin_view(views.programme_report), name="programme"),
]
