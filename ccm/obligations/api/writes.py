"""API writes: the same forms, services, permissions and history as the editing pages.

Authentication: a personal token (`Authorization: Token …`, created on /accounts/tokens/)
or the session. A State's focal point writes only that State's records; another State's
records answer 404 like unknown ones. A change to an existing record must say which
version it changes: `If-Match` with the record's ETag (its `updated_at`) or `*` for
whatever version is current, else 428; a record changed since answers 412 with what
changed, and nothing is saved. Bodies are JSON objects checked against the documented
request schemas (ccm.api.parsers reads them), then by the forms' and services' rules:
anything else is a 400 naming what is wrong.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ccm.accounts.access import access, state_for_edit
from ccm.api.schema import ConflictSerializer
from ccm.core.forms import SOURCE_HELP
from ccm.history.concurrency import EditConflict, check_unchanged
from ccm.history.models import Via
from ccm.meetings.models import Meeting
from ccm.obligations import services
from ccm.obligations.choices import Article
from ccm.obligations.forms import ExtensionRequestForm, ObligationForm, StockpileRecordForm
from ccm.obligations.models import ExtensionRequest, Obligation, StockpileRecord

from .views import ExtensionRequestSerializer, ObligationSerializer, StockpileRecordSerializer

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the record as you read it (GET answers it), or `*` to change "
    "whatever version is current.",
)
IF_MATCH_OBLIGATION = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="Required to change a recorded obligation: its ETag as you read it (GET "
    "answers it), or `*` to change whatever version is current. Left out to record a new one.",
)
ANY = "*"
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The record's version, to send back as If-Match with a change.",
)
ARTICLE = OpenApiParameter(
    "article", OpenApiTypes.INT, OpenApiParameter.PATH, enum=[3, 4], description="3 or 4"
)

# --- request bodies: what each write takes (the forms then apply the rules) ---------------

SOURCE = {
    "required": True,
    "allow_blank": False,
    "help_text": format_lazy(
        "{} {}",
        SOURCE_HELP,
        gettext_lazy(
            "Every write names the source of the values it sends (for a change of notes "
            "only, the source as it is)."
        ),
    ),
}
STAFF_ONLY = {"required": False, "help_text": "ISU staff only; ignored for others."}


def optional(fields) -> dict:
    return {name: {"required": False} for name in fields}


class ObligationChange(serializers.ModelSerializer):
    """The facts of an Article 3 or 4 obligation to record or correct; a fact left out keeps
    its value (a new obligation starts from the defaults)."""

    declared_to = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Meeting.objects.all(),
        allow_null=True,
        required=False,
        help_text="Code of the Meeting the completion was declared to, e.g. `11MSP`.",
    )

    class Meta:
        model = Obligation
        fields = list(services.OBLIGATION_FIELDS)
        extra_kwargs = {**optional(fields), "source_url": SOURCE, "verified": STAFF_ONLY}
        validators = []  # the form and the services apply the rules


class StockpileRecordChange(serializers.ModelSerializer):
    """A correction of a stockpile record; a field left out keeps its value."""

    # Declared, not derived from the model: the derived range depends on the database backend.
    cluster_munitions = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, allow_null=True, required=False
    )
    submunitions = serializers.IntegerField(
        min_value=0, max_value=2**63 - 1, allow_null=True, required=False
    )

    class Meta:
        model = StockpileRecord
        fields = list(services.RECORD_FIELDS)
        extra_kwargs = {**optional(fields), "source_url": SOURCE, "verified": STAFF_ONLY}
        validators = []


class NewStockpileRecord(StockpileRecordChange):
    """A dated quantity to add to a State's Article 3 record."""

    class Meta(StockpileRecordChange.Meta):
        extra_kwargs = {
            **StockpileRecordChange.Meta.extra_kwargs,
            "kind": {"required": True},
        }


class NewExtensionRequest(serializers.ModelSerializer):
    """An extension request as the State submitted it."""

    class Meta:
        model = ExtensionRequest
        fields = list(ExtensionRequestForm._meta.fields)
        extra_kwargs = {
            "submitted_on": {"required": True, "allow_null": False},
            "requested_deadline": {"required": True, "allow_null": False},
            "source_url": SOURCE,
            "notes": {"required": False},
        }
        validators = []


def body(request, serializer_class) -> dict:
    """The request body checked against its documented shape (types, required fields), 400
    naming each field at fault; unknown fields are ignored."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- versions: ETag and If-Match ----------------------------------------------------------


def etag(obj) -> str:
    return f'"{obj.updated_at.isoformat()}"'


def if_match(request) -> str | None:
    """The version the request says it changes: None without If-Match, ANY for `*`, else
    the ETag's value. A value that cannot be an ETag of this API (one version, the instant
    a GET answered) is a 400: it names no version, so it is not a version that changed."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        return None
    if raw == ANY:
        return ANY
    value = raw.removeprefix("W/").strip().strip('"')
    try:
        valid = "," not in raw and parse_datetime(value) is not None
    except ValueError:  # well-formed but impossible, e.g. 30 February
        valid = False
    if not valid:
        raise ParseError(
            _(
                "If-Match must be `*` or one ETag as a GET answered it, "
                "e.g. %(example)s; “%(value)s” is not one."
            )
            % {"example": '"2025-01-31T09:30:00.123456+00:00"', "value": raw[:100]}
        )
    return value


def form_data(instance, model, values: dict, fields) -> dict:
    """The record's current values (a new record's defaults) overlaid with the request's."""
    base = instance if instance is not None else model()
    data = {k: "" if v is None else v for k, v in model_to_dict(base, fields=fields).items()}
    data.update({k: v for k, v in values.items() if k in fields})
    for name, value in list(data.items()):
        if isinstance(value, bool) and not value:
            data.pop(name)  # an unchecked box is an absent field in form data
    return data


def invalid(form) -> ValidationError:
    return ValidationError({k or "non_field_errors": v for k, v in form.errors.items()})


def conflict_response(exc: EditConflict) -> Response:
    return Response(
        {
            "detail": str(exc),
            "changed_by": exc.by,
            "changed_at": exc.at.isoformat() if exc.at else None,
            "changes": [c.__dict__ for c in exc.changes],
            "etag": etag(exc.obj),
        },
        status=status.HTTP_412_PRECONDITION_FAILED,
        headers={"ETag": etag(exc.obj)},
    )


def precondition_required() -> Response:
    return Response(
        {"detail": _("Send If-Match with the record's ETag: a change must say what it changes.")},
        status=status.HTTP_428_PRECONDITION_REQUIRED,
    )


def nothing_to_match() -> Response:
    return Response(
        {
            "detail": _(
                "There is no such record yet, so no version of it to match: leave If-Match "
                "out to create it."
            )
        },
        status=status.HTTP_412_PRECONDITION_FAILED,
    )


def expected_version(request, obj):
    """What the service checks the record against, or a response that ends the request:
    428 without If-Match, 412 when If-Match names another version (checked here, before the
    body, as HTTP orders it; the service checks again under lock)."""
    expected = if_match(request)
    if obj is None:
        return (nothing_to_match() if expected else None), None
    if expected is None:
        return precondition_required(), None
    if expected == ANY:
        return None, None
    try:
        check_unchanged(obj, expected)
    except EditConflict as exc:
        return conflict_response(exc), None
    return None, (expected, None)


def services_error(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


WRITE_RESPONSES = {
    400: OpenApiResponse(description="A value breaks a rule; each field says why."),
    404: OpenApiResponse(description="No such State or record, or not yours to change."),
    412: OpenApiResponse(
        ConflictSerializer,
        description="Not the version If-Match names (changed since: what changed, by whom; "
        "or no such record yet). Nothing was saved.",
    ),
}


class ObligationWriteView(APIView):
    """GET (public): one obligation with its ETag. PATCH: record or correct its facts."""

    @extend_schema(
        parameters=[ARTICLE, ETAG],
        responses=ObligationSerializer,
        summary="One State's Article 3 or 4 obligation, with its ETag",
        operation_id="obligation_detail",
    )
    def get(self, request, iso3: str, article: int):
        ob = get_object_or_404(
            Obligation.objects.select_related("state", "declared_to").prefetch_related(
                "stockpile_records", "events__request", "events__meeting"
            ),
            state__iso3=iso3.upper(),
            article=article,
        )
        return Response(ObligationSerializer(ob).data, headers={"ETag": etag(ob)})

    @extend_schema(
        parameters=[ARTICLE, IF_MATCH_OBLIGATION, ETAG],
        request=ObligationChange,
        responses={
            200: ObligationSerializer,
            201: OpenApiResponse(ObligationSerializer, description="Recorded (it was not yet)."),
            **WRITE_RESPONSES,
            428: OpenApiResponse(description="If-Match missing (the obligation exists)."),
        },
        summary="Record or correct a State's Article 3 or 4 obligation facts",
        operation_id="obligation_write",
    )
    def patch(self, request, iso3: str, article: int):
        st = state_for_edit(request.user, iso3)
        if article not in Article.values:
            raise ValidationError({"article": [_("3 or 4")]})
        ob = Obligation.objects.filter(state=st, article=article).first()
        refused, expected = expected_version(request, ob)
        if refused:
            return refused
        values = body(request, ObligationChange)
        form = ObligationForm(
            form_data(ob, Obligation, values, ObligationForm._meta.fields),
            state=st,
            article=article,
            staff=access(request.user).staff,
            instance=ob,
            version_in_form=False,
        )
        if not form.is_valid():
            raise invalid(form)
        try:
            saved = services.save_obligation(
                st,
                article,
                actor=request.user,
                via=Via.API,
                expected=expected,
                **form.facts(),
            )
        except EditConflict as exc:
            return conflict_response(exc)
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        saved = Obligation.objects.select_related("state", "declared_to").get(pk=saved.pk)
        return Response(
            ObligationSerializer(saved).data,
            status=status.HTTP_200_OK if ob is not None else status.HTTP_201_CREATED,
            headers={"ETag": etag(saved)},
        )


class StockpileRecordCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[ETAG],
        request=NewStockpileRecord,
        responses={201: StockpileRecordSerializer, **WRITE_RESPONSES},
        summary="Add a quantity to a State's Article 3 record",
        operation_id="stockpile_record_create",
    )
    def post(self, request, iso3: str):
        st = state_for_edit(request.user, iso3)
        ob = get_object_or_404(Obligation, state=st, article=3)
        values = body(request, NewStockpileRecord)
        form = StockpileRecordForm(
            form_data(None, StockpileRecord, values, StockpileRecordForm._meta.fields),
            obligation=ob,
            staff=access(request.user).staff,
        )
        if not form.is_valid():
            raise invalid(form)
        try:
            rec = services.save_stockpile_record(
                ob, actor=request.user, via=Via.API, **form.values()
            )
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        return Response(
            StockpileRecordSerializer(rec).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(rec)},
        )


class StockpileRecordWriteView(APIView):
    """GET (public): one stockpile record with its ETag. PATCH: correct it."""

    @extend_schema(
        parameters=[ETAG],
        responses=StockpileRecordSerializer,
        summary="One stockpile record, with its ETag",
        operation_id="stockpile_record_detail",
    )
    def get(self, request, iso3: str, pk: int):
        rec = get_object_or_404(StockpileRecord, pk=pk, obligation__state__iso3=iso3.upper())
        return Response(StockpileRecordSerializer(rec).data, headers={"ETag": etag(rec)})

    @extend_schema(
        parameters=[IF_MATCH, ETAG],
        request=StockpileRecordChange,
        responses={200: StockpileRecordSerializer, **WRITE_RESPONSES},
        summary="Correct a stockpile record",
        operation_id="stockpile_record_write",
    )
    def patch(self, request, iso3: str, pk: int):
        st = state_for_edit(request.user, iso3)
        rec = get_object_or_404(StockpileRecord, pk=pk, obligation__state=st)
        refused, expected = expected_version(request, rec)
        if refused:
            return refused
        values = body(request, StockpileRecordChange)
        form = StockpileRecordForm(
            form_data(rec, StockpileRecord, values, StockpileRecordForm._meta.fields),
            obligation=rec.obligation,
            staff=access(request.user).staff,
            instance=rec,
            version_in_form=False,
        )
        if not form.is_valid():
            raise invalid(form)
        try:
            rec = services.save_stockpile_record(
                rec.obligation,
                record=rec,
                actor=request.user,
                via=Via.API,
                expected=expected,
                **form.values(),
            )
        except EditConflict as exc:
            return conflict_response(exc)
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        return Response(StockpileRecordSerializer(rec).data, headers={"ETag": etag(rec)})


class ExtensionRequestCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[ARTICLE],
        request=NewExtensionRequest,
        responses={201: ExtensionRequestSerializer, **WRITE_RESPONSES},
        summary="Submit an extension request (Art. 3(3), 4(5))",
        operation_id="extension_request_create",
    )
    def post(self, request, iso3: str, article: int):
        st = state_for_edit(request.user, iso3)
        ob = get_object_or_404(Obligation, state=st, article=article)
        values = body(request, NewExtensionRequest)
        form = ExtensionRequestForm(
            form_data(None, ExtensionRequest, values, ExtensionRequestForm._meta.fields),
            obligation=ob,
        )
        if not form.is_valid():
            raise invalid(form)
        data = form.cleaned_data
        try:
            req = services.submit_extension_request(
                ob,
                submitted_on=data["submitted_on"],
                requested_deadline=data["requested_deadline"],
                actor=request.user,
                via=Via.API,
                source_url=data["source_url"],
                notes=data["notes"],
            )
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        return Response(ExtensionRequestSerializer(req).data, status=status.HTTP_201_CREATED)
