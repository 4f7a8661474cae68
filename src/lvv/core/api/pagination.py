from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&pageSize=M`, at most 100 a page, so no caller can ask for the whole register."""

    page_size_query_param = "pageSize"
    max_page_size = 100
