"""Horizontal cooperation between the member countries: requests and offers, partner
suggestions from the measured evidence, experts and missions, the cooperation fund and
evaluations."""
