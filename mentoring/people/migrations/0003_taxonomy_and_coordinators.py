"""The curated default interest taxonomy and the "Coordinators" group.

Hand-written data migration. Coordinators edit the taxonomy in the admin afterwards; reversing
removes only the rows created here (by category and slug) and the group's mentoring permissions.
"""

from django.db import migrations
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from mentoring.people.coordinators import COORDINATORS, grant, revoke

# Names are marked for the catalogue: pages show each interest in the visitor's language
# (Interest.__str__), while the stored name stays the English one.
CAREER = [
    gettext_noop("Software engineering"),
    gettext_noop("Data science"),
    gettext_noop("Cybersecurity"),
    gettext_noop("IT support"),
    gettext_noop("Product management"),
    gettext_noop("User experience design"),
    gettext_noop("Graphic design"),
    gettext_noop("Nursing"),
    gettext_noop("Medicine"),
    gettext_noop("Public health"),
    gettext_noop("Mental health counseling"),
    gettext_noop("Pharmacy"),
    gettext_noop("Dentistry"),
    gettext_noop("Teaching"),
    gettext_noop("School counseling"),
    gettext_noop("Social work"),
    gettext_noop("Law"),
    gettext_noop("Paralegal work"),
    gettext_noop("Law enforcement"),
    gettext_noop("Firefighting and EMS"),
    gettext_noop("Military service"),
    gettext_noop("Public service and government"),
    gettext_noop("Nonprofit management"),
    gettext_noop("Skilled trades"),
    gettext_noop("Electrician"),
    gettext_noop("Plumbing"),
    gettext_noop("Construction management"),
    gettext_noop("Automotive technology"),
    gettext_noop("Manufacturing"),
    gettext_noop("Engineering"),
    gettext_noop("Architecture"),
    gettext_noop("Entrepreneurship"),
    gettext_noop("Small business ownership"),
    gettext_noop("Finance and banking"),
    gettext_noop("Accounting"),
    gettext_noop("Marketing"),
    gettext_noop("Sales"),
    gettext_noop("Human resources"),
    gettext_noop("Journalism and media"),
    gettext_noop("Film and video production"),
    gettext_noop("Performing arts"),
    gettext_noop("Hospitality and culinary arts"),
    gettext_noop("Agriculture"),
    gettext_noop("Environmental science"),
    gettext_noop("Research and academia"),
]

ACADEMIC = [
    gettext_noop("Algebra"),
    gettext_noop("Geometry"),
    gettext_noop("Calculus"),
    gettext_noop("Statistics"),
    gettext_noop("Biology"),
    gettext_noop("Chemistry"),
    gettext_noop("Physics"),
    gettext_noop("Earth science"),
    gettext_noop("Computer science"),
    gettext_noop("Writing"),
    gettext_noop("Reading and literature"),
    gettext_noop("English as a second language"),
    gettext_noop("Spanish"),
    gettext_noop("French"),
    gettext_noop("Mandarin"),
    gettext_noop("History"),
    gettext_noop("Civics and government"),
    gettext_noop("Economics"),
    gettext_noop("Psychology"),
    gettext_noop("Art"),
    gettext_noop("Music theory"),
    gettext_noop("Study skills"),
    gettext_noop("Test preparation"),
    gettext_noop("College applications"),
    gettext_noop("Financial aid and scholarships"),
    gettext_noop("Choosing a major"),
    gettext_noop("Community college and transfer"),
    gettext_noop("Graduate school applications"),
    gettext_noop("Resume writing"),
    gettext_noop("Interview preparation"),
    gettext_noop("Public speaking"),
]

PERSONAL = [
    gettext_noop("First-generation student"),
    gettext_noop("Music"),
    gettext_noop("Sports"),
    gettext_noop("Fitness"),
    gettext_noop("Faith"),
    gettext_noop("Parenting"),
    gettext_noop("LGBTQ+"),
    gettext_noop("Veterans"),
    gettext_noop("Immigrant experience"),
    gettext_noop("Women in STEM"),
    gettext_noop("Disability and accessibility"),
    gettext_noop("Foster care experience"),
    gettext_noop("Rural life"),
    gettext_noop("Urban life"),
    gettext_noop("Reading"),
    gettext_noop("Gaming"),
    gettext_noop("Cooking"),
    gettext_noop("Outdoors and hiking"),
    gettext_noop("Travel"),
    gettext_noop("Visual arts"),
    gettext_noop("Photography"),
    gettext_noop("Dance"),
    gettext_noop("Theater"),
    gettext_noop("Volunteering"),
    gettext_noop("Personal finance"),
    gettext_noop("Mental wellbeing"),
    gettext_noop("Leadership"),
    gettext_noop("Languages and cultures"),
    gettext_noop("Technology and gadgets"),
    gettext_noop("Social justice"),
    gettext_noop("Working while studying"),
]

TAXONOMY = {"career": CAREER, "academic": ACADEMIC, "personal": PERSONAL}

MODELS = [
    "program",
    "enrollment",
    "interest",
    "screening",
    "guardianconsent",
    "profile",
    "menteeprofile",
    "mentorprofile",
]
CODENAMES = [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change")]
CODENAMES += ["view_user", "change_user"]


def load(apps, schema_editor):
    Interest = apps.get_model("mentoring", "Interest")
    existing = set(Interest.objects.values_list("category", "slug"))
    Interest.objects.bulk_create(
        Interest(category=category, name=name, slug=slugify(name))
        for category, names in TAXONOMY.items()
        for name in names
        if (category, slugify(name)) not in existing
    )
    grant(apps, COORDINATORS, "mentoring", CODENAMES)


def unload(apps, schema_editor):
    Interest = apps.get_model("mentoring", "Interest")
    for category, names in TAXONOMY.items():
        Interest.objects.filter(category=category, slug__in=[slugify(n) for n in names]).delete()
    revoke(apps, COORDINATORS, "mentoring", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0002_people"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, unload)]
