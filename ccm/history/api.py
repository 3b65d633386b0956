"""History in the API: the same entries as the History page, for the same readers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .reading import history
from .views import readable_record


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["version", "event"])
    user = serializers.CharField()
    via = serializers.CharField()
    request_id = serializers.CharField()
    path = serializers.CharField()
    comment = serializers.CharField()
    title = serializers.CharField()
    changes = FieldChangeSerializer(many=True)
    version = serializers.IntegerField(allow_null=True)
    revision = serializers.IntegerField(allow_null=True)


class HistoryView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        summary="A record's history: who, when, through which path, before and after",
        operation_id="history_record",
    )
    def get(self, request, label: str, pk: int):
        obj = readable_record(request.user, label, pk)
        return Response([e.as_dict() for e in history(obj)])
