# libFuzzer targets for every parser of untrusted input (README.md, Fuzzing).
# Standalone, outside the automake build: clang compiles the sources it needs
# straight from the tree, with coverage, AddressSanitizer and
# UndefinedBehaviorSanitizer (any UB report aborts, so libFuzzer counts it).
#
#   make -f tests/fuzz/fuzz.mk O=var/fuzz      builds var/fuzz/bin/fuzz_*
#
# tests/fuzz/run.sh builds through this file and runs the targets.
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
O ?= $(ROOT)/var/fuzz
CC := clang
PKGS := json-c libpq hiredis libjwt libargon2 libcurl libcrypto
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -pthread -Wall -Wextra \
	-Wno-unused-parameter $(SAN) \
	-I$(ROOT)/lib -I$(ROOT)/fcgi -I$(ROOT)/wsbridge \
	-DQS_DATADIR=\"/nonexistent\" -DQS_SYSCONFDIR=\"/nonexistent\" \
	$(shell pkg-config --cflags $(PKGS))
LIBS := $(shell pkg-config --libs $(PKGS)) -lfcgi -lm

# the sources each target links; everything is instrumented for coverage
LIB_SRC := $(wildcard $(ROOT)/lib/*.c)
# the API minus its main(): the route table needs every handler it names
API_SRC := $(filter-out $(ROOT)/fcgi/main.c,$(wildcard $(ROOT)/fcgi/*.c))
# the bridge without its libwebsockets and Redis glue
BRIDGE_SRC := $(filter-out %/main.c %/br_redis.c,$(wildcard $(ROOT)/wsbridge/*.c))

TARGETS := fuzz_json fuzz_query fuzz_routes fuzz_ws_message fuzz_redis_event \
	fuzz_config fuzz_jwt fuzz_redis_reply
all: $(addprefix $(O)/bin/,$(TARGETS))

obj = $(patsubst $(ROOT)/%.c,$(O)/obj/%.o,$(1))
$(O)/obj/%.o: $(ROOT)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(O)/bin/fuzz_json $(O)/bin/fuzz_query $(O)/bin/fuzz_config $(O)/bin/fuzz_jwt: \
	$(call obj,$(LIB_SRC))
$(O)/bin/fuzz_routes: $(call obj,$(LIB_SRC) $(API_SRC))
$(O)/bin/fuzz_ws_message $(O)/bin/fuzz_redis_event: $(call obj,$(LIB_SRC) $(BRIDGE_SRC))
# the subscriber's reply handling, without its thread (br_redis_new_detached)
$(O)/bin/fuzz_redis_reply: $(call obj,$(LIB_SRC) $(BRIDGE_SRC) $(ROOT)/wsbridge/br_redis.c)

# the targets themselves warning-free; the tree's own sources are held to
# -Werror by the gcc test build, and a clang-only warning there should not
# stop the fuzzing
$(O)/obj/tests/fuzz/%.o: CFLAGS += -Werror

$(O)/bin/%: $(O)/obj/tests/fuzz/%.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $^ $(LIBS) -o $@

.PHONY: all
.SECONDARY:
-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)
