def test_smoke(client, make_article, settings):
    a = make_article()
    r = client.get("/")
    print(r.status_code)
    r = client.get(a.get_absolute_url())
    print(r.status_code, r.content.decode()[:3000])
