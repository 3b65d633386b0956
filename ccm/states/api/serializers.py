"""Serializers for the membership API (output shapes, also used for the OpenAPI schema)."""

from django.urls import reverse
from rest_framework import serializers

from ccm.states.choices import Act, Status


class TotalsSerializer(serializers.Serializer):
    states_parties = serializers.IntegerField(
        help_text="Instrument deposited, withdrawal not yet effective (as published totals count)."
    )
    in_force = serializers.IntegerField(
        help_text="States Parties for which the Convention is in force on the date."
    )
    signatories = serializers.IntegerField()
    not_party = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class StatusListsSerializer(serializers.Serializer):
    states_parties = serializers.ListField(child=serializers.CharField())
    signatories = serializers.ListField(child=serializers.CharField())
    not_party = serializers.ListField(child=serializers.CharField())
    withdrawn = serializers.ListField(child=serializers.CharField())


class GroupSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    totals = TotalsSerializer()
    states = StatusListsSerializer()


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    totals = TotalsSerializer()
    grouping = CodeNameSerializer(required=False)
    groups = GroupSummarySerializer(many=True, required=False)


class PointSerializer(TotalsSerializer):
    date = serializers.DateField()


class GroupSeriesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    points = PointSerializer(many=True)


class TimeseriesSerializer(serializers.Serializer):
    points = PointSerializer(many=True)
    grouping = CodeNameSerializer(required=False)
    groups = GroupSeriesSerializer(many=True, required=False)


class DatedSerializer(serializers.Serializer):
    date = serializers.DateField(source="value")
    explanation = serializers.CharField()


class StatusSerializer(serializers.Serializer):
    as_of = serializers.DateField(source="on")
    status = serializers.ChoiceField(choices=Status.choices)
    bound = serializers.BooleanField()
    explanation = serializers.CharField()


class ActSerializer(serializers.Serializer):
    act = serializers.ChoiceField(choices=Act.values)
    kind = serializers.CharField(allow_null=True)
    date = serializers.DateField()
    source = serializers.ListField(child=serializers.CharField())
    notes = serializers.CharField()


class GroupRefSerializer(serializers.Serializer):
    grouping = serializers.CharField(source="grouping.code")
    code = serializers.CharField()
    name = serializers.CharField()


class StateListItemSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField(source="un_name")
    status = serializers.ChoiceField(choices=Status.choices)
    bound = serializers.BooleanField()
    signed_on = serializers.DateField(allow_null=True)
    instrument_kind = serializers.CharField(allow_null=True)
    deposited_on = serializers.DateField(allow_null=True)
    entry_into_force = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        request = self.context.get("request")
        path = reverse("v1:state-detail", args=[row.iso3])
        return request.build_absolute_uri(path) if request else path


class StateListSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    results = StateListItemSerializer(many=True)


class StateDetailSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()
    names = serializers.DictField(
        child=serializers.CharField(),
        help_text="Names in the Convention's other languages (ISO 3166 names).",
    )
    status = StatusSerializer()
    entry_into_force = DatedSerializer(allow_null=True)
    withdrawal = DatedSerializer(allow_null=True)
    acts = ActSerializer(many=True)
    groups = GroupRefSerializer(many=True)
