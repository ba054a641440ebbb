"""Model instances as the plain data of the API's schemas (api.schemas).

These functions read only what the views have selected or prefetched, so a page of results
costs a fixed number of queries.
"""

from django.utils import timezone

from partnerships.dates import format_span, iso_at_precision, period_end


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def image(request, field, *, alt: str, caption: str = "", width=None, height=None):
    if not field:
        return None
    return {
        "url": absolute(request, field.url),
        "width": width,
        "height": height,
        "alt": alt,
        "caption": caption,
    }


def rubric_ref(request, rubric):
    return {
        "slug": rubric.slug,
        "name": rubric.name,
        "url": absolute(request, rubric.get_absolute_url()),
    }


def rubric(request, rubric):
    return {**rubric_ref(request, rubric), "description": rubric.description}


def tag_ref(request, tag):
    return {"slug": tag.slug, "name": tag.name, "url": absolute(request, tag.get_absolute_url())}


def article_ref(request, article):
    return {
        "slug": article.slug,
        "title": article.title,
        "publish_at": article.publish_at,
        "url": absolute(request, article.get_absolute_url()),
    }


def article(request, article):
    return {
        "slug": article.slug,
        "title": article.title,
        "lead": article.lead,
        "publish_at": article.publish_at,
        "updated_at": article.updated_at,
        "rubric": rubric_ref(request, article.rubric),
        "tags": [tag_ref(request, tag) for tag in article.tags.all()],
        "department": article.department.name if article.department else None,
        "featured": article.featured,
        "lead_image": image(
            request,
            article.lead_image,
            alt=article.lead_image_alt,
            caption=article.lead_image_caption,
            width=article.lead_image_width,
            height=article.lead_image_height,
        ),
        "url": absolute(request, article.get_absolute_url()),
    }


def photo(request, photo):
    return image(
        request,
        photo.image,
        alt=photo.alt,
        caption=photo.caption,
        width=photo.image_width,
        height=photo.image_height,
    )


def article_detail(request, instance):
    return {
        **article(request, instance),
        "body": instance.body,
        "photos": [photo(request, item) for item in instance.photos.all()],
    }


def partner_ref(request, partner):
    return {
        "slug": partner.slug,
        "name": partner.name,
        "is_home": partner.is_home,
        "url": absolute(request, partner.get_absolute_url()),
    }


def partner(request, partner):
    return {
        **partner_ref(request, partner),
        "kind": partner.kind,
        "kind_display": partner.get_kind_display(),
        "region": partner.region,
        "website": partner.website,
        "latitude": float(partner.latitude) if partner.latitude is not None else None,
        "longitude": float(partner.longitude) if partner.longitude is not None else None,
        "population": partner.population,
        "coat_of_arms": image(
            request,
            partner.coat_of_arms,
            alt=partner.emblem_alt,
            width=partner.coat_of_arms_width,
            height=partner.coat_of_arms_height,
        ),
    }


def area_ref(request, area):
    return {
        "slug": area.slug,
        "name": area.name,
        "url": absolute(request, area.get_absolute_url()),
    }


def agreement_ref(request, agreement):
    return {
        "slug": agreement.slug,
        "title": agreement.title,
        "url": absolute(request, agreement.get_absolute_url()),
    }


def agreement(request, agreement):
    return {
        **agreement_ref(request, agreement),
        "kind": agreement.kind,
        "kind_display": agreement.get_kind_display(),
        "status": agreement.status,
        "status_display": agreement.get_status_display(),
        "partners": [partner_ref(request, p) for p in agreement.partners.all()],
        "signed_on": agreement.signed_on,
        "signing_place": agreement.signing_place,
        "signing_occasion": agreement.signing_occasion,
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "areas": [area_ref(request, area) for area in agreement.areas.all()],
        "summary": agreement.summary,
    }


def agreement_detail(request, instance, *, related_articles):
    return {
        **agreement(request, instance),
        "body": instance.body,
        "signatories": [
            {
                "name": signatory.name,
                "position": signatory.position,
                "side": partner_ref(request, signatory.side) if signatory.side else None,
            }
            for signatory in instance.signatories.all()
        ],
        "documents": [
            {
                "title": document.title,
                "kind": document.kind,
                "kind_display": document.get_kind_display(),
                "size": document.size,
                "url": absolute(request, document.file.url),
            }
            for document in instance.documents.all()
        ],
        "events": [event(request, item) for item in instance.timeline],
        "plans": [plan(request, item) for item in instance.plans.all()],
        "related_articles": [article_ref(request, item) for item in related_articles],
    }


def event_dates(event):
    start, end, precision = event.starts_on, event.ends_on, event.precision
    iso = iso_at_precision(start, precision)
    if end:
        iso = f"{iso}/{iso_at_precision(end, precision)}"
    return {
        "start": start,
        "end": end,
        "last_day": period_end(end or start, precision),
        "precision": precision,
        "iso": iso,
        "display": format_span(start, end, precision),
    }


def event_ref(request, event):
    return {
        "slug": event.slug,
        "title": event.title,
        "dates": event_dates(event),
        "url": absolute(request, event.get_absolute_url()),
    }


def event(request, event, *, today=None):
    today = today or timezone.localdate()
    dates = event_dates(event)
    return {
        **event_ref(request, event),
        "dates": dates,
        "kind": event.kind,
        "kind_display": event.get_kind_display(),
        "place": event.place,
        "participants": event.participants,
        "summary": event.summary,
        "partners": [partner_ref(request, p) for p in event.partners.all()],
        "areas": [area_ref(request, area) for area in event.areas.all()],
        "agreement": agreement_ref(request, event.agreement) if event.agreement else None,
        "is_upcoming": dates["last_day"] >= today,
    }


def event_detail(request, instance):
    return {
        **event(request, instance),
        "description": instance.description,
        "photos": [photo(request, item) for item in instance.photos.all()],
        "articles": [article_ref(request, item) for item in instance.published_articles],
    }


def partner_detail(request, instance, *, agreements, events):
    return {
        **partner(request, instance),
        "description": instance.description,
        "agreements": [agreement_ref(request, item) for item in agreements],
        "events": [event_ref(request, item) for item in events],
    }


def plan(request, plan):
    return {
        "id": plan.pk,
        "title": plan.title,
        "status": plan.status,
        "status_display": plan.get_status_display(),
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "period_display": plan.period_display,
        "note": plan.note,
        "progress": plan.progress,
        "agreement": agreement_ref(request, plan.agreement),
        "items": [
            {
                "activity": item.activity,
                "area": area_ref(request, item.area) if item.area else None,
                "responsible": item.responsible,
                "due_on": item.due_on,
                "status": item.status,
                "status_display": item.get_status_display(),
                "result": item.result,
                # Only a public event is linked: an unpublished one has no public page.
                "event": event_ref(request, item.event)
                if item.event and item.event.is_public
                else None,
            }
            for item in plan.items.all()
        ],
        "url": absolute(request, plan.get_absolute_url()),
    }
