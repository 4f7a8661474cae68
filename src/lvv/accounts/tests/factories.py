import factory
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Membership, Organisation, User
from lvv.accounts.roles import OrganisationKind, Role

# The organisation kind each role is found at in tests, unless a test says otherwise.
DEFAULT_KIND_FOR_ROLE = {
    Role.CASEWORKER: OrganisationKind.PARTNER_NGO,
    Role.MUNICIPAL_COORDINATOR: OrganisationKind.MUNICIPALITY,
    Role.CHAIN_PARTNER: OrganisationKind.DTV,
    Role.PROGRAMME_MANAGER: OrganisationKind.MINISTRY,
    Role.ANALYST: OrganisationKind.MUNICIPALITIES_ASSOCIATION,
    Role.AUDITOR: OrganisationKind.MINISTRY,
    Role.FUNCTIONAL_ADMIN: OrganisationKind.MINISTRY,
}

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.PARTNER_NGO
    municipality = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == OrganisationKind.MUNICIPALITY),
        yes_declaration=factory.SubFactory("lvv.network.tests.factories.MunicipalityFactory"),
        no_declaration=None,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CASEWORKER
    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=factory.LazyAttribute(lambda o: DEFAULT_KIND_FOR_ROLE[o.factory_parent.role]),
    )


def member(role: str = Role.CASEWORKER, **kwargs) -> Membership:
    """A user holding one role (at an organisation of the fitting kind unless given)."""
    return MembershipFactory(role=role, **kwargs)


def actor_for(membership: Membership, channel: str = Channel.WEB) -> Actor:
    return Actor(user=membership.user, membership=membership, channel=channel)


def give_backup_code(user: User, code: str = "backup123") -> str:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    StaticToken.objects.create(device=device, token=code)
    return code
