from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("<int:pk>-<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("<int:pk>-<slug:slug>/binh-luan/", views.CommentFormView.as_view(), name="article-comment"),
    path("<slug:slug>/", views.CategoryArticleListView.as_view(), name="category"),
]
