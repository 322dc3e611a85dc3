"""HR page URLs of the webhooks."""

from django.urls import path

from webhooks import views

urlpatterns = [
    path("hr/webhooks/", views.subscription_list, name="hr-webhooks"),
    path("hr/webhooks/add/", views.subscription_create, name="hr-webhook-add"),
    path("hr/webhooks/<int:pk>/", views.subscription_detail, name="hr-webhook"),
    path("hr/webhooks/<int:pk>/edit/", views.subscription_update, name="hr-webhook-edit"),
    path("hr/webhooks/<int:pk>/active/", views.subscription_switch, name="hr-webhook-switch"),
    path("hr/webhooks/<int:pk>/delete/", views.subscription_delete, name="hr-webhook-delete"),
    path("hr/webhooks/<int:pk>/ping/", views.subscription_ping, name="hr-webhook-ping"),
    path(
        "hr/webhooks/<int:pk>/deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="hr-webhook-redeliver",
    ),
]
