from django.urls import path

from twin import views

urlpatterns = [
    path("api/categories/", views.categories),
    path("api/star/getlist/", views.star_list),
    path("api/star/category/", views.star_by_category),
    path("api/star/id/", views.star_by_id),
    path("api/login/", views.login),
    path("api/order/", views.place_order),
    path("api/star/like/", views.like),
    path("api/upload/avatar/", views.avatar),
]
