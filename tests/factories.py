"""factory_boy factories for the portal's models."""

from __future__ import annotations

import io

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts_app.models import (
    BodyKind,
    ConsultedBody,
    Consultee,
    InstitutionKind,
    Membership,
    PartnerInstitution,
    User,
)
from requests_app import consultation, joint, services
from requests_app.models import (
    ActivityType,
    AttachmentKind,
    CapacityRequest,
    Consultation,
    CoRequest,
    EligibilityCriterion,
    Recommendation,
    RequestType,
    ScreeningAnswer,
    ScreeningAssessment,
    Topic,
    Verdict,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "letter.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Dilnoza"
    last_name = factory.Sequence(lambda n: f"Karimova{n}")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):  # noqa: N805
        # allauth refuses login until the address is verified.
        if create:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerInstitution

    name = factory.Sequence(lambda n: f"Migration Service No. {n}")
    english_name = factory.LazyAttribute(lambda o: o.name)
    acronym = factory.Sequence(lambda n: f"MS{n}")
    kind = factory.LazyFunction(lambda: InstitutionKind.objects.get(code="national_authority"))
    country = "TJ"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)


def partner(institution: PartnerInstitution | None = None, **kwargs) -> User:
    """A partner user, member of the given (or a new) institution."""
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, institution=institution or InstitutionFactory())
    return user


def staff_user(group: str = "MIEUX+ staff", **kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group))
    return user


class CapacityRequestFactory(factory.django.DjangoModelFactory):
    """A draft; use complete_draft() for one that can be submitted."""

    class Meta:
        model = CapacityRequest
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    country = factory.LazyAttribute(lambda o: o.institution.country)
    contact_name = "Dilnoza Karimova"
    contact_email = "contact@example.org"
    request_type = RequestType.ACTION
    submission_language = "en"
    title_en = factory.Sequence(lambda n: f"Labour migration statistics {n}")
    context_en = "Context of the request."
    needs_en = "Needs of the institution."
    objectives_en = "Objectives of the support."
    proposed_activities_en = "A workshop and a study visit."
    expected_results_en = "Staff trained in data collection."


def complete_draft(institution: PartnerInstitution | None = None, **kwargs) -> CapacityRequest:
    """A draft with every required field, a topic, an activity kind and the letter."""
    request = CapacityRequestFactory(
        institution=institution or InstitutionFactory(), consent=True, **kwargs
    )
    from requests_app.models import NARRATIVE_FIELDS, Region

    language = request.submission_language
    if language != "en":
        # The partner wrote in another language: the texts live in that language's fields.
        for field in NARRATIVE_FIELDS:
            if not getattr(request, f"{field}_{language}"):
                setattr(request, f"{field}_{language}", getattr(request, f"{field}_en"))
            setattr(request, f"{field}_en", "")
    request.region = Region.for_country(str(request.country))
    request.save()
    request.topics.add(Topic.objects.get(code="LM"))
    request.activity_types.add(ActivityType.objects.get(code="workshop"))
    uploader = request.institution.memberships.first()
    services.attachment_add(
        request=request,
        actor=uploader.user if uploader else None,
        upload=io.BytesIO(PDF_BYTES),
        name="letter.pdf",
        size=len(PDF_BYTES),
        kind=AttachmentKind.LETTER,
    )
    return request


def submitted_request(user: User, **kwargs) -> CapacityRequest:
    """A request of the user's institution, submitted by the user."""
    request = complete_draft(institution=user.institution, **kwargs)
    return services.request_submit(request=request, actor=user, consent=True)


def co_request(
    request: CapacityRequest, institution: PartnerInstitution, *, answer: str = ""
) -> CoRequest:
    """Name `institution` as co-requester of a draft, as its partner would (its members are
    invited), and answer for it as one of its members: "confirmed", "declined" or ""."""
    lead = request.institution.memberships.first()
    services.request_update_draft(
        request=request,
        actor=lead.user if lead else None,
        step="institution",
        values={"co_institutions": [*request.co_institutions.all(), institution]},
    )
    named = request.corequests.get(institution=institution)
    if answer:
        member = institution.memberships.first() or MembershipFactory(institution=institution)
        joint.corequest_answer(
            corequest=named,
            actor=member.user,
            confirm=answer == "confirmed",
            reason="" if answer == "confirmed" else "Not our field.",
        )
        named.refresh_from_db()
    return named


def screened(
    request: CapacityRequest, *, comment: str = "", consult: bool = True
) -> CapacityRequest:
    """Give the request a complete screening assessment (every active criterion met), and
    (`consult`) name DG HOME as the body to consult, as the desk's form does before
    "Send to consultation"."""
    if consult:
        open_consultation(request, "dg-home")
    assessment, _ = ScreeningAssessment.objects.update_or_create(
        request=request,
        defaults={"recommendation": Recommendation.CONSULT, "comment": comment},
    )
    for criterion in EligibilityCriterion.objects.filter(active=True):
        ScreeningAnswer.objects.update_or_create(
            assessment=assessment, criterion=criterion, defaults={"verdict": Verdict.MET}
        )
    return request


def open_consultation(request: CapacityRequest, code: str = "dg-home", **kwargs) -> Consultation:
    """Ask the body `code` for its opinion on the request (10 working days by default)."""
    body = ConsultedBody.objects.get(code=code)
    existing = request.consultations.open().filter(body=body).first()
    if existing is not None:
        return existing
    kwargs.setdefault("deadline", consultation.default_deadline())
    return Consultation.objects.create(request=request, body=body, **kwargs)


def consultee(code: str = "dg-home", **kwargs) -> User:
    """A member of the consulted body `code` (two factors: see tests.accounts.helpers)."""
    user = UserFactory(**kwargs)
    Consultee.objects.create(user=user, body=ConsultedBody.objects.get(code=code))
    return user


def delegation(country: str = "UZ", **kwargs) -> ConsultedBody:
    """The EU Delegation of a country, as managers add it."""
    code = f"delegation-{country.lower()}"
    kwargs.setdefault("name_en", f"EU Delegation to {country}")
    kwargs.setdefault("name_ru", f"Делегация ЕС ({country})")
    body, _ = ConsultedBody.objects.get_or_create(
        code=code, defaults={"kind": BodyKind.DELEGATION, "country": country, **kwargs}
    )
    return body
