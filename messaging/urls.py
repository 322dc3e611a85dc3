"""HR page URLs of the outbox, the templates and writing to candidates."""

from django.urls import path

from messaging import views

urlpatterns = [
    path("hr/messages/", views.outbox, name="hr-messages"),
    path("hr/messages/<int:pk>/retry/", views.message_retry, name="hr-message-retry"),
    path("hr/messages/<int:pk>/release/", views.message_release, name="hr-message-release"),
    path("hr/messages/<int:pk>/discard/", views.message_discard, name="hr-message-discard"),
    path("hr/messages/write/", views.write, name="hr-messages-write"),
    path("hr/messages/templates/", views.template_list, name="hr-message-templates"),
    path(
        "hr/messages/templates/<str:kind>/<str:language>/",
        views.template_edit,
        name="hr-message-template",
    ),
    path(
        "hr/messages/templates/<str:kind>/<str:language>/preview/",
        views.template_preview,
        name="hr-message-template-preview",
    ),
]
