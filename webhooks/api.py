"""REST API of webhooks: subscriptions (HR only), their deliveries, redelivery and a test ping.

The secret is write-only: it is in the response of the create call and never again.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ats.api import validated
from webhooks import selectors, services
from webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription

_EVENTS = serializers.ListField(
    child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False
)


class SubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))
    pending_count = serializers.IntegerField(read_only=True)
    failed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "events",
            "active",
            "created_at",
            "updated_at",
            "failing_since",
            "disabled_at",
            "disabled_reason",
            "pending_count",
            "failed_count",
        ]
        read_only_fields = fields


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="Shown in this response only: keep it to verify signatures."
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class SubscriptionCreateSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    events = _EVENTS
    secret = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Empty or left out: one is generated and returned once.",
    )


class SubscriptionUpdateSerializer(SubscriptionCreateSerializer):
    secret = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="A new secret replaces the old one; empty or left out keeps it.",
    )
    active = serializers.BooleanField(required=False)


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event",
            "status",
            "attempts",
            "response_code",
            "last_error",
            "created_at",
            "next_attempt_at",
            "sent_at",
            "payload",
        ]
        read_only_fields = fields


@extend_schema_view(
    create=extend_schema(
        request=SubscriptionCreateSerializer, responses={201: SubscriptionCreatedSerializer}
    ),
    update=extend_schema(request=SubscriptionUpdateSerializer),
    partial_update=extend_schema(request=SubscriptionUpdateSerializer),
)
class WebhookSubscriptionViewSet(viewsets.ModelViewSet):
    """Webhook subscriptions: a URL and a secret for some events (HR only)."""

    serializer_class = SubscriptionSerializer
    ordering_fields = ["url", "created_at"]

    def get_queryset(self):
        return selectors.subscription_list()

    def get_object(self):
        return selectors.subscription_get_for_user(self.request.user, int(self.kwargs["pk"]))

    def create(self, request, *args, **kwargs):
        data = validated(SubscriptionCreateSerializer, request.data)
        subscription = services.subscription_create(actor=request.user, **data)
        found = selectors.subscription_get_for_user(request.user, subscription.pk)
        return Response(SubscriptionCreatedSerializer(found).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        data = validated(SubscriptionUpdateSerializer, request.data, partial=partial)
        subscription = services.subscription_update(
            actor=request.user, subscription=self.get_object(), **data
        )
        found = selectors.subscription_get_for_user(request.user, subscription.pk)
        return Response(SubscriptionSerializer(found).data)

    def destroy(self, request, *args, **kwargs):
        services.subscription_delete(actor=request.user, subscription=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"], ordering_fields=[], filter_backends=[])
    def deliveries(self, request, pk=None):
        """The subscription's deliveries, newest first (paginated)."""
        page = self.paginate_queryset(selectors.delivery_list(self.get_object()))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={201: DeliverySerializer},
        parameters=[OpenApiParameter("delivery_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9]+)/redeliver",
        filter_backends=[],
    )
    def redeliver(self, request, pk=None, delivery_id=None):
        """Send a sent or failed delivery again (a new delivery of the same event id)."""
        delivery = selectors.delivery_get(self.get_object(), int(delivery_id))
        again = services.delivery_redeliver(actor=request.user, delivery=delivery)
        return Response(DeliverySerializer(again).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def ping(self, request, pk=None):
        """Send a test delivery (event "ping")."""
        delivery = services.subscription_ping(actor=request.user, subscription=self.get_object())
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)
