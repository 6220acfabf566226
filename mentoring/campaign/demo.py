"""Demo data for the campaign: January 2027 observance days, approved notes, a Mentor of the Month.

Runs after the people seeder; idempotent (get/update_or_create on natural keys) and
deterministic (no randomness is needed, the rng is accepted for the seeder interface).
"""

from __future__ import annotations

import random
from datetime import date

from mentoring.campaign.models import Audience
from mentoring.campaign.models import Moderation
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ThankYouNote
from mentoring.people.models import User

YEAR = 2027

# (date, name, slug, audience, prompt subject, prompt text). Examples only: coordinators
# check the real dates every year in the admin.
OBSERVANCES = (
    (
        date(2027, 1, 7),
        "I Am a Mentor Day",
        "i-am-a-mentor-day",
        Audience.MENTORS,
        "Today is I Am a Mentor Day: share your story",
        "Tell the people around you that you mentor, and why: "
        "your story brings in the next mentor.",
    ),
    (
        date(2027, 1, 17),
        "International Mentoring Day",
        "international-mentoring-day",
        Audience.EVERYONE,
        "",
        "",
    ),
    (
        date(2027, 1, 18),
        "Martin Luther King Jr. Day of Service",
        "mlk-day-of-service",
        Audience.EVERYONE,
        "A day on, not a day off",
        "Join a volunteer event near you on the Martin Luther King Jr. Day of Service.",
    ),
    (
        date(2027, 1, 21),
        "Thank Your Mentor Day",
        "thank-your-mentor-day",
        Audience.MENTEES,
        "Today is Thank Your Mentor Day: write your mentor a note",
        "A few words mean a lot. Write your mentor a thank-you note on Pay It Forward.",
    ),
    (
        date(2027, 1, 27),
        "National Mentoring Summit",
        "national-mentoring-summit",
        Audience.EVERYONE,
        "",
        "",
    ),
)

# slug: (name, prompt subject, prompt text) in Spanish.
SPANISH = {
    "i-am-a-mentor-day": (
        "Día de Soy Mentor",
        "Hoy es el Día de Soy Mentor: comparte tu historia",
        "Cuéntale a la gente que te rodea que eres mentor, y por qué: "
        "tu historia atrae al próximo mentor.",
    ),
    "international-mentoring-day": ("Día Internacional de la Mentoría", "", ""),
    "mlk-day-of-service": (
        "Día de Servicio de Martin Luther King Jr.",
        "Un día para servir, no un día libre",
        "Súmate a un evento de voluntariado cerca de ti en el Día de Servicio de "
        "Martin Luther King Jr.",
    ),
    "thank-your-mentor-day": (
        "Día de Agradecer a tu Mentor",
        "Hoy es el Día de Agradecer a tu Mentor: escríbele una nota",
        "Unas pocas palabras significan mucho. Escríbele a tu mentor una nota de "
        "agradecimiento en Pay It Forward.",
    ),
    "national-mentoring-summit": ("Cumbre Nacional de Mentoría", "", ""),
}

NOTES = (
    "You believed in me before I did. I start my new job on Monday, thank you!",
    "Thank you for every Tuesday call and for reading my applications three times.",
)


def seed_campaign(rng: random.Random) -> list[str]:
    for day, name, slug, audience, subject, text in OBSERVANCES:
        name_es, subject_es, text_es = SPANISH[slug]
        ObservanceDay.objects.update_or_create(
            year=YEAR,
            slug=slug,
            defaults={
                "date": day,
                "name": name,
                "audience": audience,
                "prompt_subject": subject,
                "prompt_text": text,
                "name_es": name_es,
                "prompt_subject_es": subject_es,
                "prompt_text_es": text_es,
                "is_example": True,
            },
        )
    mentor = User.objects.filter(email="mentor@example.org").first()
    mentee = User.objects.filter(email="mentee@example.org").first()
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    if not (mentor and mentee and coordinator):
        return [f"Campaign: {len(OBSERVANCES)} observance days (no demo people to thank)."]
    for body in NOTES:
        ThankYouNote.objects.get_or_create(
            author=mentee,
            mentor=mentor,
            body=body,
            defaults={
                "visibility": ThankYouNote.Visibility.PUBLIC,
                "author_consents_public": True,
                "mentor_consents_public": True,
                "status": Moderation.APPROVED,
                "moderated_by": coordinator,
            },
        )
    Nomination.objects.get_or_create(
        month=date(YEAR, 1, 1),
        status=Nomination.Status.FEATURED,
        defaults={
            "nominator": mentee,
            "mentor": mentor,
            "story": "Marisol helped me find my first engineering internship.",
            "featured_title_en": "Marisol: the mentor who was mentored first",
            "featured_title_es": "Marisol: la mentora que primero tuvo una mentora",
            "featured_body_en": (
                "Who mentored you?\nA teacher who stayed after class to help me with math.\n\n"
                "Why do you mentor?\nBecause someone did it for me, and it changed everything."
            ),
            "featured_body_es": (
                "¿Quién fue tu mentora?\nUna profesora que se quedaba después de clase para "
                "ayudarme con las matemáticas.\n\n¿Por qué eres mentora?\nPorque alguien lo hizo "
                "por mí, y lo cambió todo."
            ),
            "moderated_by": coordinator,
        },
    )
    return [
        f"Campaign: {len(OBSERVANCES)} observance days (examples), {len(NOTES)} approved notes, "
        "a Mentor of the Month for January 2027."
    ]
