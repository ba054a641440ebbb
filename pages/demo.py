"""The demo pages of the official site: «О городе», «Администрация» with its structure,
«Контакты», «Побратимы и партнёры» (embedding the register).

``load()`` only adds what is missing: a page is found by its address and, when it exists,
left as the editors made it.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from pages.models import Page

DEPARTMENTS = [
    (
        "Глава администрации",
        "Иванов Сергей Петрович",
        "+7 (857) 222-10-01",
        "glava@example.ru",
        "понедельник, 10:00–12:00",
    ),
    (
        "Управление информационной политики",
        "Смирнова Ольга Викторовна",
        "+7 (857) 222-10-15",
        "press@example.ru",
        "вторник, 14:00–16:00",
    ),
    (
        "Отдел международных связей",
        "Кузнецов Андрей Николаевич",
        "+7 (857) 222-10-27",
        "partners@example.ru",
        "среда, 10:00–12:00",
    ),
    (
        "Управление культуры",
        "Морозова Елена Александровна",
        "+7 (857) 222-10-33",
        "culture@example.ru",
        "четверг, 15:00–17:00",
    ),
]


def _structure_table() -> str:
    rows = "".join(
        f"<tr><td>{name}</td><td>{head}</td><td>{phone}</td>"
        f'<td><a href="mailto:{email}">{email}</a></td><td>{hours}</td></tr>'
        for name, head, phone, email, hours in DEPARTMENTS
    )
    return (
        "<p>Личный приём граждан ведётся по предварительной записи по телефону "
        'подразделения.</p><figure class="table"><table><thead><tr><th>Подразделение</th>'
        "<th>Руководитель</th><th>Телефон</th><th>Электронная почта</th><th>Часы приёма</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></figure>"
    )


# (parent path, slug, title, lead, body, embed, main menu, footer, order)
PAGES = [
    (
        None,
        "o-gorode",
        "О городе",
        "Город основан в конце XIX века; сегодня это промышленный и культурный центр региона.",
        "<p>Город расположен в восточной части региона. Здесь работают металлургический завод, "
        "колледжи и филиал университета, драматический театр и краеведческий музей.</p>",
        "",
        True,
        True,
        50,
    ),
    (
        "/o-gorode/",
        "istoriya",
        "История города",
        "От рабочего посёлка при заводе до города областного подчинения.",
        "<p>Посёлок возник в 1895 году при строительстве металлургического завода. Статус "
        "города получен в 1903 году.</p>",
        "",
        False,
        False,
        10,
    ),
    (
        None,
        "administratsiya",
        "Администрация",
        "Структура администрации города, руководители подразделений и часы приёма.",
        "<p>Администрация города — исполнительно-распорядительный орган местного "
        "самоуправления.</p>",
        "",
        True,
        True,
        55,
    ),
    (
        "/administratsiya/",
        "struktura",
        "Структура администрации",
        "Подразделения, их руководители, телефоны, электронная почта и часы приёма.",
        _structure_table(),
        "",
        False,
        False,
        10,
    ),
    (
        None,
        "pobratimy-i-partnery",
        "Побратимы и партнёры",
        "Города-побратимы и партнёры города, соглашения о сотрудничестве.",
        "<p>Город поддерживает побратимские связи и сотрудничает с городами России и других "
        "стран в сферах культуры, образования, спорта и экономики.</p>",
        "partnerships-register",
        False,
        True,
        60,
    ),
    (
        None,
        "kontakty",
        "Контакты",
        "Адрес, телефоны и часы работы администрации и пресс-службы.",
        "<p>Адрес: ул. Ленина, 48. Телефон приёмной: +7 (857) 222-10-00. Электронная почта: "
        '<a href="mailto:admin@example.ru">admin@example.ru</a>. Часы работы: понедельник — '
        "пятница, 8:00–17:00, перерыв 12:00–13:00.</p>",
        "",
        True,
        True,
        70,
    ),
]


def load(new=None) -> str:
    new = set() if new is None else new
    now = timezone.now()
    created = 0
    for parent_path, slug, title, lead, body, embed, main, footer, order in PAGES:
        parent = Page.objects.get(path=parent_path) if parent_path else None
        page, made = Page.objects.get_or_create(
            path=f"{parent_path or '/'}{slug}/",
            defaults={
                "parent": parent,
                "slug": slug,
                "title": title,
                "lead": lead,
                "body": body,
                "embed": embed,
                "status": Page.Status.PUBLISHED,
                "publish_at": now,
                "in_main_menu": main,
                "in_footer": footer,
                "menu_order": order,
                "review_by": timezone.localdate() + datetime.timedelta(days=180),
            },
        )
        if made:
            new.add(page)
            created += 1
    return _("pages: %(total)d, new: %(new)d") % {"total": len(PAGES), "new": created}
