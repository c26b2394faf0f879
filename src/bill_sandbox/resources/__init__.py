"""One package per BILL resource; ``registry`` lists their routers."""
