"""The curated default interest taxonomy and the "Coordinators" group.

Hand-written data migration. Coordinators edit the taxonomy in the admin afterwards; reversing
removes only the rows created here (by category and slug) and the group's mentoring permissions.
"""

from django.db import migrations
from django.utils.text import slugify

from mentoring.coordinators import COORDINATORS, grant, revoke

CAREER = [
    "Software engineering",
    "Data science",
    "Cybersecurity",
    "IT support",
    "Product management",
    "User experience design",
    "Graphic design",
    "Nursing",
    "Medicine",
    "Public health",
    "Mental health counseling",
    "Pharmacy",
    "Dentistry",
    "Teaching",
    "School counseling",
    "Social work",
    "Law",
    "Paralegal work",
    "Law enforcement",
    "Firefighting and EMS",
    "Military service",
    "Public service and government",
    "Nonprofit management",
    "Skilled trades",
    "Electrician",
    "Plumbing",
    "Construction management",
    "Automotive technology",
    "Manufacturing",
    "Engineering",
    "Architecture",
    "Entrepreneurship",
    "Small business ownership",
    "Finance and banking",
    "Accounting",
    "Marketing",
    "Sales",
    "Human resources",
    "Journalism and media",
    "Film and video production",
    "Performing arts",
    "Hospitality and culinary arts",
    "Agriculture",
    "Environmental science",
    "Research and academia",
]

ACADEMIC = [
    "Algebra",
    "Geometry",
    "Calculus",
    "Statistics",
    "Biology",
    "Chemistry",
    "Physics",
    "Earth science",
    "Computer science",
    "Writing",
    "Reading and literature",
    "English as a second language",
    "Spanish",
    "French",
    "Mandarin",
    "History",
    "Civics and government",
    "Economics",
    "Psychology",
    "Art",
    "Music theory",
    "Study skills",
    "Test preparation",
    "College applications",
    "Financial aid and scholarships",
    "Choosing a major",
    "Community college and transfer",
    "Graduate school applications",
    "Resume writing",
    "Interview preparation",
    "Public speaking",
]

PERSONAL = [
    "First-generation student",
    "Music",
    "Sports",
    "Fitness",
    "Faith",
    "Parenting",
    "LGBTQ+",
    "Veterans",
    "Immigrant experience",
    "Women in STEM",
    "Disability and accessibility",
    "Foster care experience",
    "Rural life",
    "Urban life",
    "Reading",
    "Gaming",
    "Cooking",
    "Outdoors and hiking",
    "Travel",
    "Visual arts",
    "Photography",
    "Dance",
    "Theater",
    "Volunteering",
    "Personal finance",
    "Mental wellbeing",
    "Leadership",
    "Languages and cultures",
    "Technology and gadgets",
    "Social justice",
    "Working while studying",
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
